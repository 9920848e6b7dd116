import { Initial1795364331787 } from './1795364331787-Initial';
import { AddLifecycle1795364933441 } from './1795364933441-AddLifecycle';
import { AddCredentials1795365056116 } from './1795365056116-AddCredentials';
import { AddWebhooks1795365401967 } from './1795365401967-AddWebhooks';

/** In order of their timestamps. */
export const mysqlMigrations = [Initial1795364331787, AddLifecycle1795364933441, AddCredentials1795365056116, AddWebhooks1795365401967];
