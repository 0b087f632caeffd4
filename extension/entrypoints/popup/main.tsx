import { render } from '#imports';
import '../../assets/ui.css';
import { Popup } from '../../features/pages/Popup';

render(() => <Popup />, document.getElementById('app')!);
