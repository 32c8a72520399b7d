import sqlite3
from customer import Customer
from ui import UI

def test_add_customer():
    # Create a customer object
    customer = Customer("John Doe", "1990-01-01", 30, "Male", "1234567890")
    
    # Add the customer to the database
    conn = sqlite3.connect('client.db')
    cursor = conn.cursor()
    cursor.execute("INSERT INTO customer (name, birthday, age, sex, phone) VALUES (?, ?, ?, ?, ?)",
                      (customer.name, customer.birthday, customer.age, customer.sex, customer.phone))
    conn.commit()
    conn.close()
    
    # Query the customer from the database
    cursor.execute("SELECT * FROM customer WHERE name=?", (customer.name,))
    result = cursor.fetchone()
    
    # Assert that the customer was added and found
    assert result is not None
    assert result[0] == customer.name
    assert result[1] == customer.birthday
    assert result[2] == customer.age
    assert result[3] == customer.sex
    assert result[4] == customer.phone

def test_delete_customer():
    # Create a customer object
    customer = Customer("John Doe", "1990-01-01", 30, "Male", "1234567890")
    
    # Add the customer to the database
    conn = sqlite3.connect('client.db')
    cursor = conn.cursor()
    cursor.execute("INSERT INTO customer (name, birthday, age, sex, phone) VALUES (?, ?, ?, ?, ?)",
                      (customer.name, customer.birthday, customer.age, customer.sex, customer.phone))
    conn.commit()
    conn.close()
    
    # Delete the customer from the database
    cursor.execute("DELETE FROM customer WHERE name=?", (customer.name,))
    conn.commit()
    
    # Query the customer from the database
    cursor.execute("SELECT * FROM customer WHERE name=?", (customer.name,))
    result = cursor.fetchone()
    
    # Assert that the customer was deleted
    assert result is None

def test_modify_customer():
    # Create a customer object
    customer = Customer("John Doe", "1990-01-01", 30, "Male", "1234567890")
    
    # Add the customer to the database
    conn = sqlite3.connect
