// The projector app (/display/<token>): one room's show on the big screen — welcome, on stage, scoring, the reveal,
// the leaderboard, the ceremony and the draw — following the room's phase.
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import { makeI18n } from '../../web/i18n';
import { option } from '../common/socket';
import { armChime } from './chime';
import App from './App.vue';
import './projector.css';

const i18n = makeI18n();
const lang = option('lang');
if (lang === 'en' || lang === 'zh-CN') {
  i18n.global.locale.value = lang;
  document.documentElement.lang = lang;
}
armChime();
createApp(App).use(createPinia()).use(i18n).mount('#app');
