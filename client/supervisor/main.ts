// The supervisor's page (read-only): every room at a glance, every score as it comes in, and the audit log live.
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import { makeI18n } from '../../web/i18n';
import { withActing } from '../common/messages';
import App from './App.vue';
import { supervisorMessages } from './messages';
import '../ui/ui.css';
import './supervisor.css';

createApp(App).use(createPinia()).use(makeI18n(withActing(supervisorMessages))).mount('#app');
