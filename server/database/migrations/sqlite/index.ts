import { Initial1795364317849 } from './1795364317849-Initial';

/** In order of their timestamps. */
export const sqliteMigrations = [Initial1795364317849];
