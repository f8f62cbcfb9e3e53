/**
 * Synthetic but realistic directory data for `npm run db:seed`: names from several cultures,
 * cities with their currency, time zone and languages, specialties weighted towards common
 * ones, and bios built from specialty-specific phrases. Deterministic for a given seed.
 */

/** mulberry32: a small, fast, seedable PRNG; good enough for demo data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;
export const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
export const between = (random: Random, min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
export function sample<T>(random: Random, items: readonly T[], count: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < count && pool.length > 0) out.push(pool.splice(Math.floor(random() * pool.length), 1)[0]!);
  return out;
}

type Culture = 'east_african' | 'west_african' | 'southern_african' | 'arabic' | 'english' | 'german' | 'french' | 'spanish' | 'indian' | 'chinese' | 'japanese' | 'portuguese';

export const names: Record<Culture, { first: string[]; last: string[] }> = {
  east_african: { first: ['Wanjiru', 'Otieno', 'Achieng', 'Kamau', 'Njeri', 'Mwangi', 'Amani', 'Baraka', 'Zawadi', 'Kipchoge', 'Nafula', 'Juma'], last: ['Kariuki', 'Odhiambo', 'Mutua', 'Wambui', 'Kiprono', 'Nyambura', 'Onyango', 'Mwakasege', 'Chebet', 'Ochieng'] },
  west_african: { first: ['Chinedu', 'Ngozi', 'Oluwaseun', 'Aisha', 'Kwame', 'Ama', 'Emeka', 'Funmilayo', 'Ibrahim', 'Yaw', 'Adaeze', 'Tunde'], last: ['Okafor', 'Adeyemi', 'Bello', 'Mensah', 'Okonkwo', 'Boateng', 'Abubakar', 'Eze', 'Owusu', 'Balogun'] },
  southern_african: { first: ['Thabo', 'Lerato', 'Sipho', 'Nomvula', 'Tendai', 'Naledi', 'Bongani', 'Zanele'], last: ['Nkosi', 'Dlamini', 'Mokoena', 'Ndlovu', 'van der Merwe', 'Botha', 'Khumalo', 'Moyo'] },
  arabic: { first: ['Omar', 'Fatima', 'Youssef', 'Layla', 'Khaled', 'Mariam', 'Hassan', 'Noura', 'Tariq', 'Salma'], last: ['Haddad', 'El-Sayed', 'Mansour', 'Al-Farsi', 'Khoury', 'Nasser', 'Abdallah', 'Farouk'] },
  english: { first: ['James', 'Emily', 'Oliver', 'Sophie', 'Harry', 'Charlotte', 'Jack', 'Amelia', 'John', 'Grace', 'Thomas', 'Hannah'], last: ['Smith', 'Johnson', 'Williams', 'Brown', 'Taylor', 'Wilson', 'Clarke', 'Evans', 'Walker', 'Hughes'] },
  german: { first: ['Lukas', 'Anna', 'Maximilian', 'Lea', 'Felix', 'Johanna', 'Jonas', 'Klara', 'Paul', 'Marie'], last: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Becker', 'Hoffmann', 'Schäfer', 'Koch', 'Richter'] },
  french: { first: ['Louis', 'Camille', 'Hugo', 'Chloé', 'Arthur', 'Manon', 'Jules', 'Léa', 'Gabriel', 'Inès'], last: ['Martin', 'Bernard', 'Dubois', 'Durand', 'Lefebvre', 'Moreau', 'Laurent', 'Girard', 'Roux', 'Fournier'] },
  spanish: { first: ['Alejandro', 'María', 'Javier', 'Lucía', 'Carlos', 'Sofía', 'Diego', 'Valentina', 'Mateo', 'Camila'], last: ['García', 'Rodríguez', 'Martínez', 'Hernández', 'López', 'González', 'Pérez', 'Sánchez', 'Ramírez', 'Torres'] },
  indian: { first: ['Aarav', 'Priya', 'Rohan', 'Ananya', 'Vikram', 'Kavya', 'Arjun', 'Meera', 'Rahul', 'Divya'], last: ['Sharma', 'Patel', 'Iyer', 'Reddy', 'Gupta', 'Nair', 'Singh', 'Desai', 'Menon', 'Kapoor'] },
  chinese: { first: ['Wei', 'Mei', 'Jun', 'Xiu', 'Hao', 'Lin', 'Yan', 'Jie', 'Ming', 'Fang'], last: ['Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhao', 'Wu', 'Zhou'] },
  japanese: { first: ['Haruto', 'Yui', 'Sota', 'Aoi', 'Ren', 'Hina', 'Yuto', 'Sakura'], last: ['Sato', 'Suzuki', 'Takahashi', 'Tanaka', 'Watanabe', 'Ito', 'Yamamoto', 'Nakamura'] },
  portuguese: { first: ['João', 'Ana', 'Pedro', 'Beatriz', 'Lucas', 'Mariana', 'Gabriel', 'Larissa'], last: ['Silva', 'Santos', 'Oliveira', 'Souza', 'Costa', 'Pereira', 'Almeida', 'Ferreira'] },
};

export interface City {
  city: string;
  /** The city centre (WGS 84); seeded practices are scattered within about 15 km of it. */
  latitude: number;
  longitude: number;
  country: string;
  timezone: string;
  currency: string;
  /** Typical fee range in minor units of the currency. */
  fee: [number, number];
  languages: string[];
  cultures: Culture[];
  streets: string[];
}

export const cities: City[] = [
  { city: 'Nairobi', latitude: -1.2864, longitude: 36.8172, country: 'KE', timezone: 'Africa/Nairobi', currency: 'KES', fee: [150_000, 800_000], languages: ['en', 'sw'], cultures: ['east_african'], streets: ['Ngong Road', 'Kenyatta Avenue', 'Moi Avenue', 'Waiyaki Way'] },
  { city: 'Mombasa', latitude: -4.0435, longitude: 39.6682, country: 'KE', timezone: 'Africa/Nairobi', currency: 'KES', fee: [100_000, 500_000], languages: ['sw', 'en'], cultures: ['east_african', 'arabic'], streets: ['Nyali Road', 'Digo Road', 'Moi Avenue'] },
  { city: 'Kampala', latitude: 0.3476, longitude: 32.5825, country: 'UG', timezone: 'Africa/Kampala', currency: 'UGX', fee: [50_000, 250_000], languages: ['en', 'lg', 'sw'], cultures: ['east_african'], streets: ['Kampala Road', 'Jinja Road', 'Bombo Road'] },
  { city: 'Lagos', latitude: 6.5244, longitude: 3.3792, country: 'NG', timezone: 'Africa/Lagos', currency: 'NGN', fee: [1_000_000, 5_000_000], languages: ['en', 'yo', 'ig'], cultures: ['west_african'], streets: ['Awolowo Road', 'Adeola Odeku Street', 'Allen Avenue'] },
  { city: 'Abuja', latitude: 9.0765, longitude: 7.3986, country: 'NG', timezone: 'Africa/Lagos', currency: 'NGN', fee: [1_000_000, 4_000_000], languages: ['en', 'ha'], cultures: ['west_african'], streets: ['Aminu Kano Crescent', 'Ahmadu Bello Way'] },
  { city: 'Accra', latitude: 5.6037, longitude: -0.187, country: 'GH', timezone: 'Africa/Accra', currency: 'GHS', fee: [20_000, 80_000], languages: ['en', 'ak', 'ee'], cultures: ['west_african'], streets: ['Oxford Street', 'Independence Avenue', 'Ring Road'] },
  { city: 'Johannesburg', latitude: -26.2041, longitude: 28.0473, country: 'ZA', timezone: 'Africa/Johannesburg', currency: 'ZAR', fee: [50_000, 150_000], languages: ['en', 'zu', 'af'], cultures: ['southern_african', 'english'], streets: ['Jan Smuts Avenue', 'Rivonia Road', 'Oxford Road'] },
  { city: 'Cairo', latitude: 30.0444, longitude: 31.2357, country: 'EG', timezone: 'Africa/Cairo', currency: 'EGP', fee: [30_000, 150_000], languages: ['ar', 'en'], cultures: ['arabic'], streets: ['Tahrir Street', 'Corniche El Nil', 'Abbas El Akkad'] },
  { city: 'Dubai', latitude: 25.2048, longitude: 55.2708, country: 'AE', timezone: 'Asia/Dubai', currency: 'AED', fee: [30_000, 90_000], languages: ['ar', 'en', 'hi', 'ur'], cultures: ['arabic', 'indian', 'english'], streets: ['Sheikh Zayed Road', 'Al Wasl Road', 'Jumeirah Beach Road'] },
  { city: 'London', latitude: 51.5072, longitude: -0.1276, country: 'GB', timezone: 'Europe/London', currency: 'GBP', fee: [8_000, 30_000], languages: ['en'], cultures: ['english', 'indian', 'west_african'], streets: ['Harley Street', 'Wimpole Street', 'Baker Street'] },
  { city: 'Berlin', latitude: 52.52, longitude: 13.405, country: 'DE', timezone: 'Europe/Berlin', currency: 'EUR', fee: [6_000, 25_000], languages: ['de', 'en', 'tr'], cultures: ['german'], streets: ['Friedrichstraße', 'Kurfürstendamm', 'Torstraße'] },
  { city: 'Paris', latitude: 48.8566, longitude: 2.3522, country: 'FR', timezone: 'Europe/Paris', currency: 'EUR', fee: [5_000, 20_000], languages: ['fr', 'en'], cultures: ['french', 'arabic'], streets: ['Rue de Rivoli', 'Boulevard Haussmann', 'Rue du Bac'] },
  { city: 'Madrid', latitude: 40.4168, longitude: -3.7038, country: 'ES', timezone: 'Europe/Madrid', currency: 'EUR', fee: [5_000, 15_000], languages: ['es', 'en'], cultures: ['spanish'], streets: ['Calle de Alcalá', 'Gran Vía', 'Paseo de la Castellana'] },
  { city: 'Mumbai', latitude: 19.076, longitude: 72.8777, country: 'IN', timezone: 'Asia/Kolkata', currency: 'INR', fee: [50_000, 250_000], languages: ['hi', 'mr', 'en'], cultures: ['indian'], streets: ['Linking Road', 'Marine Drive', 'Hill Road'] },
  { city: 'Delhi', latitude: 28.6139, longitude: 77.209, country: 'IN', timezone: 'Asia/Kolkata', currency: 'INR', fee: [50_000, 200_000], languages: ['hi', 'en', 'pa'], cultures: ['indian'], streets: ['Janpath', 'Aurobindo Marg', 'Ring Road'] },
  { city: 'Singapore', latitude: 1.3521, longitude: 103.8198, country: 'SG', timezone: 'Asia/Singapore', currency: 'SGD', fee: [6_000, 20_000], languages: ['en', 'zh', 'ms', 'ta'], cultures: ['chinese', 'indian'], streets: ['Orchard Road', 'Novena Terrace', 'Bukit Timah Road'] },
  { city: 'Tokyo', latitude: 35.6762, longitude: 139.6503, country: 'JP', timezone: 'Asia/Tokyo', currency: 'JPY', fee: [3_000, 15_000], languages: ['ja', 'en'], cultures: ['japanese'], streets: ['Omotesando', 'Meiji-dori', 'Aoyama-dori'] },
  { city: 'New York', latitude: 40.7128, longitude: -74.006, country: 'US', timezone: 'America/New_York', currency: 'USD', fee: [10_000, 40_000], languages: ['en', 'es', 'zh'], cultures: ['english', 'spanish', 'chinese', 'indian'], streets: ['Park Avenue', 'Madison Avenue', 'Lexington Avenue'] },
  { city: 'Toronto', latitude: 43.6532, longitude: -79.3832, country: 'CA', timezone: 'America/Toronto', currency: 'CAD', fee: [8_000, 30_000], languages: ['en', 'fr'], cultures: ['english', 'french', 'chinese'], streets: ['Bloor Street', 'Yonge Street', 'University Avenue'] },
  { city: 'Mexico City', latitude: 19.4326, longitude: -99.1332, country: 'MX', timezone: 'America/Mexico_City', currency: 'MXN', fee: [50_000, 200_000], languages: ['es', 'en'], cultures: ['spanish'], streets: ['Paseo de la Reforma', 'Avenida Insurgentes', 'Calle Durango'] },
  { city: 'São Paulo', latitude: -23.5505, longitude: -46.6333, country: 'BR', timezone: 'America/Sao_Paulo', currency: 'BRL', fee: [20_000, 80_000], languages: ['pt', 'es', 'en'], cultures: ['portuguese'], streets: ['Avenida Paulista', 'Rua Augusta', 'Rua Oscar Freire'] },
];

/** Common specialties appear more often, as in a real directory. */
export const commonSpecialties = ['family-medicine', 'internal-medicine', 'pediatrics', 'obstetrics-gynecology', 'dermatology', 'cardiology', 'psychiatry', 'dentistry', 'orthopedics', 'ophthalmology'];

const interests: Record<string, string[]> = {
  cardiology: ['hypertension', 'heart failure', 'arrhythmia', 'chest pain', 'cholesterol'],
  dermatology: ['acne', 'eczema', 'psoriasis', 'skin cancer screening', 'hair loss'],
  pediatrics: ['childhood vaccinations', 'asthma in children', 'newborn care', 'growth and nutrition'],
  'family-medicine': ['preventive care', 'chronic disease management', 'diabetes', 'travel medicine'],
  'internal-medicine': ['diabetes', 'hypertension', 'infections', 'thyroid disorders'],
  'obstetrics-gynecology': ['prenatal care', 'fertility', 'menopause', 'high-risk pregnancy'],
  psychiatry: ['depression', 'anxiety', 'ADHD', 'sleep problems', 'addiction'],
  dentistry: ['dental implants', 'root canal treatment', 'orthodontics', 'teeth whitening'],
  orthopedics: ['sports injuries', 'knee replacement', 'back pain', 'fractures'],
  ophthalmology: ['cataract surgery', 'glaucoma', 'diabetic eye disease', 'myopia'],
  endocrinology: ['diabetes', 'thyroid disorders', 'osteoporosis', 'hormone therapy'],
  neurology: ['migraine', 'epilepsy', 'stroke', 'multiple sclerosis'],
};
const generic = ['second opinions', 'telemedicine follow-ups', 'patient education', 'chronic pain'];

export function bioFor(random: Random, specialtyNames: string[], codes: string[], years: number, city: string): string {
  const topics = sample(random, codes.flatMap((c) => interests[c] ?? generic), 3);
  const openers = [
    `${specialtyNames[0]} specialist practising in ${city} for ${years} years.`,
    `Experienced in ${specialtyNames.join(' and ').toLowerCase()}, seeing patients in ${city}.`,
    `Board-certified in ${specialtyNames[0]!.toLowerCase()} with ${years} years of clinical practice.`,
  ];
  const closers = ['Takes time to explain every option.', 'Works closely with families.', 'Offers evening appointments.', 'Believes in shared decision-making.', 'Speaks plainly and listens carefully.'];
  return `${pick(random, openers)} Special interests: ${topics.join(', ')}. ${pick(random, closers)}`;
}

export const degrees = ['MBChB', 'MBBS', 'MD', 'DO', 'MMed', 'FRCP', 'FCPS', 'PhD', 'MPH', 'DM'];
export const schools = ['University of Nairobi', 'Makerere University', 'University of Lagos', 'University of Ghana', 'University of Cape Town', 'Cairo University', 'Imperial College London', 'Charité Berlin', 'Sorbonne Université', 'Universidad Complutense de Madrid', 'AIIMS New Delhi', 'National University of Singapore', 'University of Tokyo', 'Harvard Medical School', 'University of Toronto', 'UNAM', 'Universidade de São Paulo'];

export const reviewComments = [
  'Very thorough and kind.',
  'Explained everything clearly.',
  'Long wait but worth it.',
  'Listened carefully and did not rush.',
  'Helpful follow-up by video.',
  'Great with my children.',
  'Professional and punctual.',
  'Not satisfied with the visit.',
  'Clean clinic, friendly staff.',
];

/** Payers of the insurance catalogue (migration 0030) by the country they operate in; international ones everywhere. */
export const payersByCountry: Record<string, string[]> = {
  US: ['Aetna', 'Blue Cross Blue Shield', 'Cigna', 'UnitedHealthcare', 'Medicare', 'Medicaid'],
  GB: ['Bupa', 'AXA', 'Vitality'],
  DE: ['Techniker Krankenkasse', 'AOK', 'Debeka'],
  FR: ['Assurance Maladie', 'AXA'],
  ES: ['Sanitas', 'Adeslas'],
  KE: ['NHIF', 'Jubilee Health', 'AAR Insurance'],
  UG: ['Jubilee Health', 'AAR Insurance'],
  NG: ['NHIS', 'Hygeia HMO'],
  GH: ['NHIS'],
  ZA: ['Discovery Health'],
  AE: ['Daman'],
  EG: ['AXA'],
  IN: ['Star Health', 'Ayushman Bharat'],
  SG: ['Great Eastern'],
  CA: ['Sun Life'],
  BR: ['Amil'],
  MX: ['GNP Seguros'],
  JP: [],
};
export const internationalPayers = ['Bupa', 'Cigna', 'Allianz Care'];

/** A point about `maxKm` or less from the centre (uniform over the disc; fine at city scale). */
export function scatter(random: Random, centre: { latitude: number; longitude: number }, maxKm: number): { latitude: number; longitude: number } {
  const distance = maxKm * Math.sqrt(random());
  const bearing = 2 * Math.PI * random();
  const latitude = centre.latitude + (distance * Math.cos(bearing)) / 111.195;
  const longitude = centre.longitude + (distance * Math.sin(bearing)) / (111.195 * Math.cos((centre.latitude * Math.PI) / 180));
  return { latitude: Math.round(latitude * 1e6) / 1e6, longitude: Math.round(longitude * 1e6) / 1e6 };
}

export const accessibilityNotes = ['Step-free entrance', 'Lift to all floors', 'Accessible toilet', 'Ground floor, wide doors', 'Hearing loop at reception', null, null, null];
