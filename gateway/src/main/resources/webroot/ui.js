// Shared by the screens: the htm binding, navigation and the level badge.
import { h } from 'preact';
import htm from 'htm';
import { LEVEL_LABEL, label } from './i18n.js';

export const html = htm.bind(h);

export function go(view, arg, query) {
  location.hash = '#/' + view + (arg ? '/' + encodeURIComponent(arg) : '') + (query ? '?' + new URLSearchParams(query) : '');
}

export function href(view, arg) {
  return '#/' + view + (arg ? '/' + encodeURIComponent(arg) : '');
}

/** A warning level as colour AND text (never colour alone). */
export function LevelBadge({ level }) {
  return html`<span class=${'badge level-' + level} data-level=${level}>${label(LEVEL_LABEL[level], level)}</span>`;
}
