import { runConformance } from '@byosd/conformance';
import { viaGateway } from '@byosd/testbed';
import { genesysCloudConformance } from '../testbed/index.js';

runConformance(viaGateway(genesysCloudConformance));
