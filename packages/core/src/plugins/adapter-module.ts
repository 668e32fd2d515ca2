import type { ContainerModule } from 'inversify';
import type { AdapterPlugin } from '../contract/adapter-plugin.js';
import { loadInversify } from './inversify.js';
import { ServiceIdentifiers } from './service-identifiers.js';

/** The inversify module that contributes one adapter plugin to a container: by name, and to the list of all. */
export function adapterModule(plugin: AdapterPlugin): ContainerModule {
  const { ContainerModule: Module } = loadInversify();
  return new Module(({ bind }) => {
    bind(ServiceIdentifiers.AdapterPlugin).toConstantValue(plugin).whenNamed(plugin.name);
    bind(ServiceIdentifiers.AdapterPlugins).toConstantValue(plugin);
  });
}
