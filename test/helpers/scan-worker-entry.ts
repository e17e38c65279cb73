// The entry a scan worker runs in tests of the parallel reads (the CLI's own entry in use).
import { serveScanWorker } from '../../src/scan/worker.js';

serveScanWorker();
