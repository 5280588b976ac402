// The host console: run one room's order of teams, its timers, scoring and reveals, from the control desk.
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import { makeI18n } from '../../web/i18n';
import { withActing } from '../common/messages';
import App from './App.vue';
import { hostMessages } from './messages';
import './host.css';

createApp(App).use(createPinia()).use(makeI18n(withActing(hostMessages))).mount('#app');
