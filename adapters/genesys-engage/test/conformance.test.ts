import { runConformance } from '@byosd/conformance';
import { genesysEngageConformance } from '../testbed/index.js';

runConformance(genesysEngageConformance);
