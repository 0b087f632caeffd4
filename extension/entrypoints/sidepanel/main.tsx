import { render } from '#imports';
import '../../assets/ui.css';
import { OffersPanel } from '../../features/offers-panel/OffersPanel';

render(() => <OffersPanel />, document.getElementById('app')!);
