/** The example adapter as an in-page bundle (`adapters/example.mjs`): `{ desk: { plugin, options } }`. */
export { exampleAdapter as default } from '@byosd/adapter-example';
