import { loadWasm } from './boot.js';

(await loadWasm()).start_options();
