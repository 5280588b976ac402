// The judge tablet app: scan the link, confirm, score the team on stage, see "saved" only once the server has it.
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import { makeI18n } from '../../web/i18n';
import { withActing } from '../common/messages';
import App from './App.vue';
import './judge.css';

createApp(App).use(createPinia()).use(makeI18n(withActing())).mount('#app');
