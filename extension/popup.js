import { loadApp } from './app.js';

(await loadApp()).start_popup();
