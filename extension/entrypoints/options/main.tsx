import { render } from '#imports';
import '../../assets/ui.css';
import { SettingsPage } from '../../features/settings/SettingsPage';

render(() => <SettingsPage />, document.getElementById('app')!);
