import { Initial1795364331787 } from './1795364331787-Initial';

/** In order of their timestamps. */
export const mysqlMigrations = [Initial1795364331787];
