import { runConformance, viaGateway } from '@byosd/conformance';
import { genesysEngageConformance } from '../testbed/index.js';

runConformance(viaGateway(genesysEngageConformance));
