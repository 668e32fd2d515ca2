import { runConformance } from '@byosd/conformance';
import { genesysCloudConformance } from '../testbed/index.js';

runConformance(genesysCloudConformance);
