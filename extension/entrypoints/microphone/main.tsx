import { render } from '#imports';
import '../../assets/ui.css';
import { MicrophonePage } from '../../features/live-session/MicrophonePage';

render(() => <MicrophonePage />, document.getElementById('app')!);
