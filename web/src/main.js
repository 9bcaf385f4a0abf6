import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { createWebHistory } from 'vue-router'
import App from './App.vue'
import { i18n } from './i18n'
import { createAppRouter, preloadRoute } from './router'
import './styles/index.css'

const router = createAppRouter(createWebHistory())
// The page's code loads while the session is checked, rather than after.
preloadRoute(router, window.location.pathname)
createApp(App).use(createPinia()).use(i18n).use(router).mount('#app')
