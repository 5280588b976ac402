// The audience page (/live/<eventId>): on a phone, the team on stage in each room and the live leaderboard per track.
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import { makeI18n } from '../../web/i18n';
import App from './App.vue';
import './live.css';

createApp(App).use(createPinia()).use(makeI18n()).mount('#app');
