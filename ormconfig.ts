/** The data source for the TypeORM CLI (`npx typeorm -d dist/ormconfig.js migration:…`), from the same settings as the server. */
import { loadConfig } from './server/config';
import { createDataSource } from './server/database/data-source';

export default createDataSource(loadConfig().database);
