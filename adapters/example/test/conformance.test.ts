import { runConformance } from '@byosd/conformance';
import { exampleConformance } from '../testbed/index.js';

runConformance(exampleConformance);
