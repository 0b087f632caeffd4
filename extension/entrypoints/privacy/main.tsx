import { render } from '#imports';
import '../../assets/ui.css';
import { PrivacyPolicy } from '../../features/privacy/PrivacyPolicy';

render(() => <PrivacyPolicy />, document.getElementById('app')!);
