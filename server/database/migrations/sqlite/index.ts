import { Initial1795364317849 } from './1795364317849-Initial';
import { AddLifecycle1795364932505 } from './1795364932505-AddLifecycle';
import { AddCredentials1795365054541 } from './1795365054541-AddCredentials';
import { AddWebhooks1795365401016 } from './1795365401016-AddWebhooks';

/** In order of their timestamps. */
export const sqliteMigrations = [Initial1795364317849, AddLifecycle1795364932505, AddCredentials1795365054541, AddWebhooks1795365401016];
