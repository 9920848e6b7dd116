import { Initial1795364331787 } from './1795364331787-Initial';
import { AddLifecycle1795364933441 } from './1795364933441-AddLifecycle';
import { AddCredentials1795365056116 } from './1795365056116-AddCredentials';
import { AddWebhooks1795365401967 } from './1795365401967-AddWebhooks';
import { AddScaleIndexes1796173335223 } from './1796173335223-AddScaleIndexes';
import { AddSecondFactors1796173340979 } from './1796173340979-AddSecondFactors';
import { AddUsageGovernance1796174701968 } from './1796174701968-AddUsageGovernance';
import { AddLeakedKeys1796175339067 } from './1796175339067-AddLeakedKeys';
import { AddVerificationRollups1796177253026 } from './1796177253026-AddVerificationRollups';
import { AddExpiryToStatusIndexes1796178000000 } from './1796178000000-AddExpiryToStatusIndexes';
import { AddVerificationTotals1796189691353 } from './1796189691353-AddVerificationTotals';
import { AddVerificationKeyTotals1796200000000 } from './1796200000000-AddVerificationKeyTotals';
import { DropUnreadRollupIndexes1796210000000 } from './1796210000000-DropUnreadRollupIndexes';

/** In order of their timestamps. */
export const mysqlMigrations = [Initial1795364331787, AddLifecycle1795364933441, AddCredentials1795365056116, AddWebhooks1795365401967, AddScaleIndexes1796173335223, AddSecondFactors1796173340979, AddUsageGovernance1796174701968, AddLeakedKeys1796175339067, AddVerificationRollups1796177253026, AddExpiryToStatusIndexes1796178000000, AddVerificationTotals1796189691353, AddVerificationKeyTotals1796200000000, DropUnreadRollupIndexes1796210000000];
