import { runConformance } from '@byosd/conformance';
import { viaGateway } from '@byosd/testbed';
import { exampleConformance } from '../testbed/index.js';

runConformance(viaGateway(exampleConformance));
