import { h } from '../dom';

/**
 * Asks `question` in a modal dialog in `root`; resolves true when the user confirms, false when they decline
 * or press Escape. The safe answer has the focus.
 */
export function confirmInPage(root: HTMLElement, question: string, labels: { confirm: string; decline: string }): Promise<boolean> {
  const dialog = h('dialog', { class: 'confirm', id: 'confirm-dialog' }, h('p', { id: 'confirm-question' }, question));
  const decline = h('button', { class: 'button', id: 'confirm-decline', onclick: () => dialog.close('decline') }, labels.decline);
  const confirm = h('button', { class: 'button danger', id: 'confirm-accept', onclick: () => dialog.close('confirm') }, labels.confirm);
  dialog.append(h('div', { class: 'actions' }, decline, confirm));
  root.append(dialog);
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue === 'confirm');
    });
    dialog.showModal();
    decline.focus();
  });
}
