import { render } from '#imports';
import '../../assets/ui.css';
import { App } from './App';

render(() => <App />, document.getElementById('app')!);
