// The portal's page (vite build --mode portal): the same app's pieces, a unit's reduced navigation.
import { mount } from 'svelte';
import PortalApp from './portal/PortalApp.svelte';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('missing #app');
export default mount(PortalApp, { target });
