import sqlite3
from customer import Customer
from ui import UI

def main():
    # Connect to the database
    conn = sqlite3.connect('client.db')
    cursor = conn.cursor()

    # Check if the customer table exists
    cursor.execute("SELECT name FROM sqlite_master WHERE type='table' AND name='customer'")
    if cursor.fetchone() is None:
        # Create the customer table
        cursor.execute('''CREATE TABLE customer (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        name TEXT NOT NULL,
                        birthday TEXT NOT NULL,
                        age INTEGER NOT NULL,
                        sex TEXT NOT NULL,
                        phone TEXT NOT NULL
                    )''')

    # Create the UI
    ui = UI(cursor, conn)

    # Start the user interface
    ui.start()

if __name__ == "__main__":
    main()
