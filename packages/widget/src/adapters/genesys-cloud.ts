/** The Genesys Cloud adapter as an in-page bundle (`adapters/genesys-cloud.mjs`): `{ desk: { plugin, options } }`. */
export { genesysCloudAdapter as default } from '@byosd/adapter-genesys-cloud';
