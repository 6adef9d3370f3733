// The demo API's in-memory inventory, seeded the same way every time.
import type { Category } from './document.ts';
import { CATEGORIES } from './document.ts';

/** An item as the API returns it. */
export interface Item {
  id: number;
  name: string;
  sku: string;
  category: Category;
  quantity: number;
  price: number;
  tags: string[];
  createdAt: string;
  updatedAt: string;
}

/** The fields a client may set. */
export type ItemFields = Pick<Item, 'name' | 'sku' | 'category' | 'quantity' | 'price' | 'tags'>;

/** Filters, sort and page of a list request (already validated). */
export interface ListQuery {
  category?: Category;
  minQuantity?: number;
  tags?: string[];
  q?: string;
  sort: string;
  page: number;
  pageSize: number;
}

const SEED_START = Date.parse('2026-01-05T09:00:00.000Z');
const NAMES: Record<Category, string[]> = {
  hardware: [
    'USB-C dock',
    'Laptop stand',
    '27-inch monitor',
    'Wireless keyboard',
    'Ergonomic mouse',
    'Webcam',
    'Headset',
    'Power strip',
  ],
  software: [
    'Office suite licence',
    'Design tool seat',
    'Antivirus licence',
    'Backup subscription',
    'IDE licence',
    'VPN seat',
    'PDF editor',
  ],
  furniture: [
    'Standing desk',
    'Office chair',
    'Filing cabinet',
    'Bookshelf',
    'Meeting table',
    'Whiteboard',
    'Desk lamp',
  ],
  supplies: [
    'Printer paper',
    'Toner cartridge',
    'Sticky notes',
    'Ballpoint pens',
    'Notebooks',
    'Stapler',
    'Cable ties',
    'Label tape',
  ],
};
const PREFIX: Record<Category, string> = { hardware: 'HWR', software: 'SFT', furniture: 'FUR', supplies: 'SUP' };
const TAG_POOL = ['office', 'remote', 'it', 'facilities', 'eco', 'bulk'];

/** The deterministic seed: 30 items spread over the four categories. */
export function seedItems(): Item[] {
  const items: Item[] = [];
  for (let i = 0; i < 30; i++) {
    const category = CATEGORIES[i % CATEGORIES.length] as Category;
    const names = NAMES[category];
    const index = Math.floor(i / CATEGORIES.length);
    const when = new Date(SEED_START + i * 3_600_000).toISOString();
    items.push({
      id: i + 1,
      name: names[index % names.length] as string,
      sku: `${PREFIX[category]}-${String(i + 1).padStart(4, '0')}`,
      category,
      quantity: (i * 37) % 120,
      price: Math.round(((i * 7919) % 50000) + 199) / 100,
      tags: [TAG_POOL[i % TAG_POOL.length] as string, TAG_POOL[(i * 5 + 1) % TAG_POOL.length] as string].filter(
        (tag, k, all) => all.indexOf(tag) === k,
      ),
      createdAt: when,
      updatedAt: when,
    });
  }
  return items;
}

/** In-memory store of items with the operations the API offers. */
export class Inventory {
  private items = new Map<number, Item>();
  private nextId = 1;

  constructor() {
    this.reset();
  }

  /** Restores the seed data. */
  reset(): void {
    this.items = new Map(seedItems().map((item) => [item.id, item]));
    this.nextId = this.items.size + 1;
  }

  get size(): number {
    return this.items.size;
  }

  get(id: number): Item | undefined {
    return this.items.get(id);
  }

  /** Returns one page of the items matching the query, and how many match in all. */
  list(query: ListQuery): { items: Item[]; total: number } {
    const needle = query.q?.toLowerCase();
    const matching = [...this.items.values()].filter(
      (item) =>
        (query.category === undefined || item.category === query.category) &&
        (query.minQuantity === undefined || item.quantity >= query.minQuantity) &&
        (query.tags ?? []).every((tag) => item.tags.includes(tag)) &&
        (needle === undefined || item.name.toLowerCase().includes(needle) || item.sku.toLowerCase().includes(needle)),
    );
    const descending = query.sort.startsWith('-');
    const key = (descending ? query.sort.slice(1) : query.sort) as 'name' | 'quantity' | 'price' | 'id';
    matching.sort((a, b) => {
      const order = a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : a.id - b.id;
      return descending ? -order : order;
    });
    const start = (query.page - 1) * query.pageSize;
    return { items: matching.slice(start, start + query.pageSize), total: matching.length };
  }

  /** The item holding a SKU, if any. */
  bySku(sku: string): Item | undefined {
    for (const item of this.items.values()) if (item.sku === sku) return item;
    return undefined;
  }

  create(fields: ItemFields, now: Date): Item {
    const when = now.toISOString();
    const item: Item = { id: this.nextId++, ...fields, createdAt: when, updatedAt: when };
    this.items.set(item.id, item);
    return item;
  }

  update(id: number, changes: Partial<ItemFields>, now: Date): Item | undefined {
    const item = this.items.get(id);
    if (!item) return undefined;
    const updated: Item = { ...item, ...changes, updatedAt: now.toISOString() };
    this.items.set(id, updated);
    return updated;
  }

  delete(id: number): boolean {
    return this.items.delete(id);
  }
}
