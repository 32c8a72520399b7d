import streamlit as st
from upload import Upload
from display import Display

def main():
    st.title("Excel Data Processing Tool")

    upload = Upload()
    upload.upload("example.xlsx")

    display = Display(upload)
    display.display()

    st.write("Filter and sort options:")
    column_name = st.selectbox("Column Name", upload.data_frame.columns)
    value = st.text_input("Value")
    if st.button("Filter"):
        display.filter(column_name, value)
        display.display()
    if st.button("Sort"):
        display.sort(column_name)
        display.display()

    st.write("Export options:")
    export_button = st.button("Export to Excel")
    if export_button:
        display.export_to_excel("exported_data.xlsx")

if __name__ == "__main__":
    main()
