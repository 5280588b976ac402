// The admin console: sign in, create an event from a preset, import teams and judges, hand out links and QR codes,
// and take home the results.
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import { makeI18n } from '../../web/i18n';
import { withActing } from '../common/messages';
import App from './App.vue';
import { adminMessages } from './messages';
import '../ui/ui.css';
import './admin.css';

createApp(App).use(createPinia()).use(makeI18n(withActing(adminMessages))).mount('#app');
