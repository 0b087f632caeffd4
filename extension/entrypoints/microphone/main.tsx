import { render } from '#imports';
import '../../assets/ui.css';
import { MicrophonePage } from '../../features/live-engagement/MicrophonePage';

render(() => <MicrophonePage />, document.getElementById('app')!);
