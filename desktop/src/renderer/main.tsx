import { createRoot } from 'react-dom/client';
import { App } from './app';
import { createHttpTransport } from './transport/http-transport';
import { createIpcTransport, electronBridge } from './transport/ipc-transport';
import './styles.css';

// The same bundle runs in Electron (IPC bridge present) and in any browser (HTTP host).
const bridge = electronBridge();
const transport = bridge ? createIpcTransport(bridge) : createHttpTransport();
const root = document.getElementById('root');
if (root) createRoot(root).render(<App transport={transport} />);
