// The landing page at `/`: what this server is and whether its Redis is healthy (the screens arrive with their apps).
import { createApp } from 'vue';
import Home from './Home.vue';

createApp(Home).mount('#app');
