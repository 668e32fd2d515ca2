import { runConformance } from '@byosd/conformance';
import { exampleConformance } from '@byosd/simulators';

runConformance(exampleConformance);
