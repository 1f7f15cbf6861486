/** The console's page: mounts the app (one Preact tree) into #app. */
import { render } from 'preact';
import { App } from './App.tsx';
import './style.css';

render(<App />, document.getElementById('app')!);
