import { runConformance } from '@byosd/conformance';
import { mobileServiceCloudConformance } from '../testbed/index.js';

runConformance(mobileServiceCloudConformance);
