/** Entry point: mounts the console into the page. */
import { render } from 'preact';
import { App } from './App.tsx';
import './styles.css';
import './admin/nav.css';

const root = document.getElementById('app');
if (root) render(<App />, root);
