import { render } from '#imports';
import '../../assets/ui.css';
import { ConsentPage } from '../../features/consent/ConsentPage';

render(() => <ConsentPage hash={location.hash} />, document.getElementById('app')!);
