import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { createWebHistory } from 'vue-router'
import App from './App.vue'
import { i18n } from './i18n'
import { createAppRouter } from './router'
import './styles/index.css'

createApp(App).use(createPinia()).use(i18n).use(createAppRouter(createWebHistory())).mount('#app')
