import './styles.css';
import { askForApiKey } from './api';
import { h } from './dom';
import { comparePageView } from './views/compare-page';
import { searchListView } from './views/search-list';
import { searchPageView } from './views/search-page';
import { specEditorView } from './views/spec-editor';
import { trialPageView } from './views/trial-page';

type View = (root: HTMLElement, ...params: string[]) => () => void;

/** Pages by URL fragment: #/ searches, #/new spec editor, #/searches/:id, #/trials/:id, #/compare?searches=:id,:id…. */
const routes: [RegExp, View][] = [
  [/^#?\/?$/, searchListView],
  [/^#\/new$/, specEditorView],
  [/^#\/searches\/([\w-]+)$/, searchPageView],
  [/^#\/trials\/([\w-]+)$/, trialPageView],
  [/^#\/compare\?searches=([\w,-]*)$/, comparePageView],
];

const root = document.getElementById('app')!;
let leave = () => undefined as void;

function route(): void {
  leave();
  root.replaceChildren();
  document.title = 'hpsearch';
  for (const link of document.querySelectorAll<HTMLAnchorElement>('nav a')) link.classList.toggle('active', link.hash === (location.hash || '#/'));
  for (const [pattern, view] of routes) {
    const match = pattern.exec(location.hash);
    if (match) {
      leave = view(root, ...match.slice(1));
      return;
    }
  }
  leave = () => undefined;
  root.append(h('section', { class: 'card' }, h('h2', {}, 'Not found'), h('p', {}, 'No page here. ', h('a', { href: '#/' }, 'See the searches'), '.')));
}

document.getElementById('api-key')!.addEventListener('click', askForApiKey);
window.addEventListener('hashchange', route);
route();
