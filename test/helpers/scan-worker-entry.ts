// The entry a scan worker runs in tests of the parallel tree read (the CLI's own entry in use).
import { serveScanWorker } from '../../src/scan/sources/parallel-read.js';

serveScanWorker();
