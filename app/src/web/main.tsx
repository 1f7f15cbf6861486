/** The UPI app's page: one phone, one PSP (its handle is the first path segment), ?phone=<mobile>. */
import { render } from 'preact';
import { App } from './App.tsx';

render(<App />, document.getElementById('app')!);
