// The demo inventory API used by `portico demo` and by tests.
export { check, type Issue } from './check.ts';
export {
  CATEGORIES,
  type Category,
  DEMO_DEFAULT_PORT,
  type DemoSchema,
  demoDocument,
  MAX_PAGE_SIZE,
  SORTS,
  schemas,
} from './document.ts';
export { Inventory, type Item, type ItemFields, type ListQuery, seedItems } from './inventory.ts';
export { type DemoApi, type DemoApiOptions, startDemoApi } from './server.ts';
