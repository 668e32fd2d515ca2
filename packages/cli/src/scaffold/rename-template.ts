/** The spellings of an adapter name that the template's code uses. */
export interface AdapterNames {
  /** kebab-case, the plugin's and folder's name: `acme-desk`. */
  kebab: string;
  /** camelCase, for values: `acmeDesk` (`acmeDeskAdapter`). */
  camel: string;
  /** PascalCase, for classes and types: `AcmeDesk` (`AcmeDeskServiceDesk`). */
  pascal: string;
  /** CONSTANT_CASE: `ACME_DESK` (`ACME_DESK_DESK_PATH`). */
  constant: string;
  /** npm package: `@byosd/adapter-acme-desk` inside this workspace, or the name asked for. */
  packageName: string;
}

export function adapterNames(kebab: string, packageName = `@byosd/adapter-${kebab}`): AdapterNames {
  const words = kebab.split('-');
  const capitalized = words.map((word) => word.charAt(0).toUpperCase() + word.slice(1));
  return {
    kebab,
    camel: (words[0] ?? '') + capitalized.slice(1).join(''),
    pascal: capitalized.join(''),
    constant: words.map((word) => word.toUpperCase()).join('_'),
    packageName,
  };
}

/** The name the template (the example adapter) is written for. */
const TEMPLATE = adapterNames('example', '@byosd/adapter-example');

/**
 * Renames the example adapter in a template file's text: its package, identifiers (`ExampleDesk`,
 * `exampleAdapter`, `EXAMPLE_DESK_PATH`), file names in imports (`./example-desk.js`) and the plugin name
 * (`'example'`). "for example" in prose is left alone.
 */
export function renameInText(text: string, names: AdapterNames): string {
  return text
    .replaceAll(TEMPLATE.packageName, names.packageName)
    .split('for example')
    .map((part) =>
      part
        .replace(/Example(?=[A-Z_]|\b)/g, names.pascal)
        .replace(/EXAMPLE(?=_|\b)/g, names.constant)
        .replace(/\bexample(?=[A-Z])/g, names.camel)
        .replace(/\bexample\b/g, names.kebab),
    )
    .join('for example');
}

/** Renames a template file: `example-desk.ts` becomes `acme-desk.ts`. */
export function renameInPath(path: string, names: AdapterNames): string {
  return path.replace(/\bexample(?=-)/g, names.kebab);
}
