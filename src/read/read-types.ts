/** Every read type of the field registry (importing this registers them all). */
import './invoice.read';
import './invoice-parts.read';
import './customer.read';
