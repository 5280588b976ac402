// The livestream's overlays (/overlay/<token>): transparent 1920x1080 pages for OBS's browser source, drawn from the
// projector's own stores and scenes (display/projector), so they show what it shows, when it shows it.
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import { makeI18n } from '../../web/i18n';
import { option } from '../common/socket';
import App from './App.vue';
import '../projector/projector.css';
import './overlay.css';

const i18n = makeI18n();
const lang = option('lang');
if (lang === 'en' || lang === 'zh-CN') {
  i18n.global.locale.value = lang;
  document.documentElement.lang = lang;
}
createApp(App).use(createPinia()).use(i18n).mount('#app');
