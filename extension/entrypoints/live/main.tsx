import { render } from '#imports';
import '../../assets/ui.css';
import '../../features/live-console/live-console.css';
import { LiveConsolePage } from '../../features/live-console/LiveConsolePage';

render(() => <LiveConsolePage />, document.getElementById('app')!);
