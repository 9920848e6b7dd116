import { Initial1795364317849 } from './1795364317849-Initial';
import { AddLifecycle1795364932505 } from './1795364932505-AddLifecycle';
import { AddCredentials1795365054541 } from './1795365054541-AddCredentials';
import { AddWebhooks1795365401016 } from './1795365401016-AddWebhooks';
import { AddScaleIndexes1796173333745 } from './1796173333745-AddScaleIndexes';
import { AddSecondFactors1796173339066 } from './1796173339066-AddSecondFactors';
import { AddUsageGovernance1796174687157 } from './1796174687157-AddUsageGovernance';
import { AddLeakedKeys1796175328889 } from './1796175328889-AddLeakedKeys';
import { AddVerificationRollups1796177221424 } from './1796177221424-AddVerificationRollups';
import { AddExpiryToStatusIndexes1796177999000 } from './1796177999000-AddExpiryToStatusIndexes';
import { AddVerificationTotals1796189691353 } from './1796189691353-AddVerificationTotals';
import { AddVerificationKeyTotals1796200000000 } from './1796200000000-AddVerificationKeyTotals';
import { DropUnreadRollupIndexes1796210000000 } from './1796210000000-DropUnreadRollupIndexes';

/** In order of their timestamps. */
export const sqliteMigrations = [Initial1795364317849, AddLifecycle1795364932505, AddCredentials1795365054541, AddWebhooks1795365401016, AddScaleIndexes1796173333745, AddSecondFactors1796173339066, AddUsageGovernance1796174687157, AddLeakedKeys1796175328889, AddVerificationRollups1796177221424, AddExpiryToStatusIndexes1796177999000, AddVerificationTotals1796189691353, AddVerificationKeyTotals1796200000000, DropUnreadRollupIndexes1796210000000];
